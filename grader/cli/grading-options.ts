/**
 * The command-line options that `grade` and `grade-batch` share (node:util parseArgs
 * specifications) and the grading options they give.
 */
import { GradingSetupError } from "../engine/specs";

/** Options of both commands: which exercises, limits, hidden cases, where specs and references are. */
export const SHARED_OPTIONS = {
  exercise: { type: "string", multiple: true },
  timeout: { type: "string" },
  jobs: { type: "string" },
  memory: { type: "string" },
  "no-hidden": { type: "boolean", default: false },
  specs: { type: "string" },
  reference: { type: "string" },
  fixtures: { type: "string" },
  isolation: { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** The parsed values of {@link SHARED_OPTIONS}. */
export interface SharedValues {
  exercise?: string[];
  timeout?: string;
  jobs?: string;
  memory?: string;
  "no-hidden"?: boolean;
  specs?: string;
  reference?: string;
  fixtures?: string;
  isolation?: string;
}

function positiveInt(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new GradingSetupError(`${option} must be a positive integer, got "${value}"`);
  return n;
}

function isolation(value: string | undefined): "submission" | "exercise" | undefined {
  if (value === undefined || value === "submission" || value === "exercise") return value;
  throw new GradingSetupError(`--isolation must be submission or exercise, got "${value}"`);
}

/** The grading options these values give; throws GradingSetupError for a number that is not a positive integer. */
export function sharedGradeOptions(values: SharedValues) {
  return {
    exercises: values.exercise,
    timeoutMs: positiveInt(values.timeout, "--timeout"),
    jobs: positiveInt(values.jobs, "--jobs"),
    memoryMb: positiveInt(values.memory, "--memory"),
    includeHidden: !values["no-hidden"],
    specsDir: values.specs,
    referenceDir: values.reference,
    fixturesDir: values.fixtures,
    isolation: isolation(values.isolation),
  };
}
