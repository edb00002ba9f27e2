import { detectCommand } from './detect-command.ts';
import type { Command } from './io.ts';

/** `downwatch detect --input series.csv`: scores any series with the detector (see its --help). */
export const detect: Command = {
  name: 'detect',
  summary: 'score a timestamp,value CSV series causally',
  run: (args, io) => detectCommand(args, io),
};
