import type { TaskKindInfo } from '../catalog.js';
import * as logExtract from './log.extract.js';
import * as transformFilter from './transform.filter.js';
import * as transformFields from './transform.fields.js';
import * as fileWrite from './file.write.js';
import * as fileArchive from './file.archive.js';
import * as loadTable from './load.table.js';
import * as sqlRun from './sql.run.js';
import * as sqlExtract from './sql.extract.js';
import * as checkRowcount from './check.rowcount.js';
import * as checkSql from './check.sql.js';
import * as syncReplicate from './sync.replicate.js';
import * as syncStar from './sync.star.js';

/** Every built-in kind with its config schema, in palette order: what the catalog lists. */
export const builtInKinds: readonly TaskKindInfo[] = [
  { ...sqlExtract.kindInfo, configSchema: sqlExtract.sqlExtractConfigSchema },
  { ...syncReplicate.kindInfo, configSchema: syncReplicate.syncReplicateConfigSchema },
  { ...syncStar.kindInfo, configSchema: syncStar.syncStarConfigSchema },
  { ...logExtract.kindInfo, configSchema: logExtract.logExtractConfigSchema },
  { ...transformFilter.kindInfo, configSchema: transformFilter.transformFilterConfigSchema },
  { ...transformFields.kindInfo, configSchema: transformFields.transformFieldsConfigSchema },
  { ...loadTable.kindInfo, configSchema: loadTable.loadTableConfigSchema },
  { ...fileWrite.kindInfo, configSchema: fileWrite.fileWriteConfigSchema },
  { ...fileArchive.kindInfo, configSchema: fileArchive.fileArchiveConfigSchema },
  { ...sqlRun.kindInfo, configSchema: sqlRun.sqlRunConfigSchema },
  { ...checkRowcount.kindInfo, configSchema: checkRowcount.checkRowcountConfigSchema },
  { ...checkSql.kindInfo, configSchema: checkSql.checkSqlConfigSchema },
];
