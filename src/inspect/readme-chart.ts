import { jobMachine } from '../../machines/job.ts';
import { describeMachine } from './definitions.ts';
import { toMermaid } from './mermaid.ts';

export const JOB_CHART_START = '<!-- job-chart:start -->';
export const JOB_CHART_END = '<!-- job-chart:end -->';

/** The README's job chart: the Mermaid export of the job machine in a fenced block GitHub renders. */
export function renderJobChart(): string {
  return `\`\`\`mermaid\n${toMermaid(describeMachine({ name: 'job', machine: jobMachine }).definition)}\`\`\`\n`;
}

/** The document with the text between the markers replaced, or null when the markers are missing. */
export function replaceJobChart(document: string, chart: string): string | null {
  const start = document.indexOf(JOB_CHART_START);
  const end = document.indexOf(JOB_CHART_END);
  if (start < 0 || end < start) return null;
  return `${document.slice(0, start + JOB_CHART_START.length)}\n${chart}${document.slice(end)}`;
}

/** The text between the markers, or null when they are missing. */
export function extractJobChart(document: string): string | null {
  const start = document.indexOf(JOB_CHART_START);
  const end = document.indexOf(JOB_CHART_END);
  if (start < 0 || end < start) return null;
  return document.slice(start + JOB_CHART_START.length, end).replace(/^\n/, '');
}
