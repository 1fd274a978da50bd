/**
 * What the commands of this folder share: parsing the command line (node:util parseArgs, with
 * positionals), a bad option reported as `<command>: <why>` and exit code 2.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parses `argv` with `options`; prints the problem and returns null when they do not parse. */
export function parseCommand<O extends Options>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options });
  } catch (e) {
    process.stderr.write(`${command}: ${(e as Error).message}\n`);
    return null;
  }
}
