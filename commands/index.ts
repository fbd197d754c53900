/** Every command of chainbrief, in the order /help lists them. Explicit: no directory scanning. */
import about from './about.js';
import ask from './ask.js';
import alerts from './alerts.js';
import cbdcStatus from './cbdc-status.js';
import chinaBlockchain from './china-blockchain.js';
import cityRank from './city-rank.js';
import digest from './digest.js';
import help from './help.js';
import news from './news.js';
import type { AppCommand } from './services.js';
import sources from './sources.js';

export const commands: readonly AppCommand[] = [chinaBlockchain, cbdcStatus, cityRank, news, ask, digest, alerts, help, about, sources];
