import * as v from 'valibot';

/** POST /api/v1/rules/test: a path absolute or relative to the first watch folder (need not exist). */
export const RuleTestBodySchema = v.strictObject({
  path: v.pipe(v.string(), v.minLength(1), v.maxLength(4096)),
});

/** The dashboard's editor: the config file's whole text. */
export const ConfigTextBodySchema = v.strictObject({ yaml: v.pipe(v.string(), v.maxLength(1_048_576)) });
