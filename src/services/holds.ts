export * from './holds/index.js';
