import { copyFile, link, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import * as tar from 'tar';
import type { TaskKindImpl } from '../pipelines/task-kind.js';
import type { FileArchiveConfig } from '../../../shared/pipeline/kinds/file.archive.js';
import { TaskConfigError } from './support/config-error.js';
import { resolveFiles, type InputFile } from './support/inputs.js';
import { TaskMeter } from './support/meter.js';
import { outputPath } from './support/paths.js';

export const fileArchiveTask: TaskKindImpl<FileArchiveConfig> = {
  kind: 'file.archive',
  async run(config, ctx) {
    const files: InputFile[] = [];
    if (config.files.length > 0) {
      for (const [i, ref] of config.files.entries()) files.push(...(await resolveFiles(ctx, `files.${i}`, ref, true)));
    } else {
      // Each upstream task's main file (its first), not side files such as quarantines.
      for (const taskId of Object.keys(ctx.inputs)) {
        if (ctx.inputs[taskId]!.artifacts.some((a) => a.path)) files.push(...(await resolveFiles(ctx, 'files', taskId, false)));
      }
    }
    if (files.length === 0) throw new TaskConfigError('files', 'nothing to archive: list files, or connect upstream tasks that write files');

    const names = new Map<string, string>();
    for (const f of files) {
      const name = path.basename(f.path);
      const other = names.get(name);
      if (other && other !== f.path) throw new TaskConfigError('files', `two files would share the name ${name} in the archive (${other} and ${f.path})`);
      names.set(name, f.path);
    }
    const output = outputPath(ctx.taskFolder, 'output', config.output, 'archive.tar');
    const gzip = config.compression === 'gzip' || (config.compression === 'auto' && /\.(tar\.gz|tgz)$/i.test(output));
    const meter = new TaskMeter(ctx);

    // tar takes paths relative to one folder: gather the files there under their own names.
    const staging = path.join(ctx.taskFolder, `.archive-${process.pid}-${Date.now()}`);
    await mkdir(staging, { recursive: true });
    try {
      for (const [name, source] of names) {
        ctx.signal.throwIfAborted();
        await link(source, path.join(staging, name)).catch(() => copyFile(source, path.join(staging, name)));
      }
      await mkdir(path.dirname(output), { recursive: true });
      await tar.create({ file: output, gzip, cwd: staging, portable: true }, [...names.keys()]);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
    ctx.signal.throwIfAborted();
    const size = (await stat(output)).size;
    meter.report({ rowsRead: names.size, rowsWritten: names.size });
    ctx.log('info', `Packed ${[...names.keys()].join(', ')} into ${output} (${gzip ? 'tar.gz' : 'tar'}, ${size} bytes)`);
    return {
      artifacts: [{ name: path.basename(output), path: output, rows: names.size }],
      metrics: meter.metrics(),
      values: { archive: output, files: names.size, bytes: size },
    };
  },
};
