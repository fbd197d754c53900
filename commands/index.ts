/** Every command of chainbrief, in the order /help lists them. Explicit: no directory scanning. */
import about from './about.js';
import help from './help.js';
import type { AppCommand } from './services.js';

export const commands: readonly AppCommand[] = [help, about];
