export { applyConfigPatch, type ConfigPatch } from './apply-patch.ts';
export { BUILTIN_IGNORE, DEFAULT_EXTENSIONS, DEFAULT_OUTPUT_PATTERN, DEFAULTS } from './defaults.ts';
export { formatIssues } from './format-issues.ts';
export { configFromText, loadConfig } from './load.ts';
export { redactConfig } from './redact.ts';
export { saveConfigDocument } from './save.ts';
export { defaultConfig, type StarterOptions, starterConfigText } from './starter.ts';
export { configToFileForm } from './to-file-form.ts';
export type {
  ApiConfig,
  Config,
  ConfigIssue,
  FfmpegConfig,
  LogFormat,
  LoggingConfig,
  LogLevel,
  PatternType,
  RuleConfig,
  WatchConfig,
} from './types.ts';
export { type ConfigValidation, type ValidateOptions, validateConfigText } from './validate-text.ts';
export { removeStaleTemps, writeFileAtomic } from './write-atomic.ts';
