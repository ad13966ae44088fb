export { type CandidateCheck, checkCandidate, ignoredBy } from './candidate.ts';
export { ensureInside, type InsideCheck } from './ensure-inside.ts';
export { findWatchIndex } from './find-watch.ts';
export { compileGlob, type GlobResult } from './glob.ts';
export { matchRule, type RuleMatch, rulesInOrder } from './match-rule.ts';
export { checkOutputPattern, PLACEHOLDERS, type Placeholder } from './output-pattern.ts';
export { type JobPlan, type NoPlan, type NoPlanCode, planJob } from './plan-job.ts';
export { type RenderOutputInput, type RenderOutputResult, renderOutputPath } from './render-output-path.ts';
export { type PathMatcher, ruleMatcher } from './rule-matcher.ts';
