export * from './bleu';
export * from './cider';
export * from './errors';
export * from './evaluate';
export * from './rouge';
export * from './tokenize';
export * from './types';
export * from './parse';
