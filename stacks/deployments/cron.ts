/**
 * Five-field cron, as Pulumi Cloud takes it for drift and deployment schedules: "standard 5-field
 * cron syntax (MIN HOUR DOM MON DOW) and is evaluated in UTC" (pulumi-pulumiservice v1.3.0,
 * provider/pkg/cloud/spec.json, CreateScheduledDeploymentRequest.scheduleCron). The provider
 * passes the text through unchecked (provider/pkg/resources/drift_schedules.go), so a typo would
 * only surface in the API's answer to a real `pulumi up`; this check refuses it first.
 *
 * Each field is a comma list of `*`, `N` or `N-M`, each optionally followed by `/STEP`. Numbers
 * only (no names, no `@daily` macros, no seconds field).
 */

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
}

const FIELDS: readonly Field[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day of week", min: 0, max: 7 },
];

const ITEM = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/;

/** What is wrong with one field, or undefined. */
function fieldProblem(text: string, field: Field): string | undefined {
  for (const item of text.split(",")) {
    const match = ITEM.exec(item);
    if (!match)
      return `${field.name} "${text}" is not *, N, N-M or a list of them, each with an optional /STEP`;
    const [, , lo, hi, step] = match;
    const numbers = [lo, hi].filter((n): n is string => n !== undefined).map(Number);
    const outside = numbers.find((n) => n < field.min || n > field.max);
    if (outside !== undefined) return `${field.name} ${outside} is outside ${field.min}-${field.max}`;
    if (numbers.length === 2 && numbers[0] > numbers[1])
      return `${field.name} range ${lo}-${hi} runs backwards`;
    if (step !== undefined && Number(step) < 1) return `${field.name} step /${step} must be at least 1`;
  }
  return undefined;
}

/** Every problem of a cron expression; empty when Pulumi Cloud's five-field syntax accepts it. */
export function cronProblems(expression: string): string[] {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    return [
      `must have 5 fields (minute hour day-of-month month day-of-week, UTC), got ${fields.length}: ${JSON.stringify(expression)}`,
    ];
  }
  return fields.map((text, i) => fieldProblem(text, FIELDS[i])).filter((p): p is string => p !== undefined);
}
