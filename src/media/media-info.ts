// The media info shape is domain model shared with machines/ (which imports nothing from src/); it lives there.
export * from '../../machines/media-info.ts';
