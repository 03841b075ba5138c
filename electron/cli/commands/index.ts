import type { Command } from '../command.js';
import { demoCommand } from './demo.js';
import { generateCommand } from './generate.js';
import { profilesCommand } from './profiles.js';
import { runCommand } from './run.js';
import { sampleCommand } from './sample.js';
import { serveCommand } from './serve.js';
import { syncCommand } from './sync.js';

/** Every CLI command; adding one is its module plus one line here. Order is the help's order. */
export const commands: Command[] = [
  demoCommand,
  syncCommand,
  runCommand,
  generateCommand,
  sampleCommand,
  serveCommand,
  profilesCommand,
];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}
