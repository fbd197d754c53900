/** Public surface of the platform-neutral core. */
export * from './args.js';
export * from './command.js';
export * from './conversation.js';
export * from './dispatch.js';
export * from './errors.js';
export * from './logger.js';
export * from './reply.js';
export * from './suggest.js';
export * from './text-safety.js';
