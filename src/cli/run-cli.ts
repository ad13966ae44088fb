/** Dispatches `bvp <command>`; each command module exports a handler returning an exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [command] = argv;
  if (!command || command === '--help' || command === '-h') {
    process.stdout.write('Usage: bvp <command> [options]\n');
    return 0;
  }
  process.stderr.write(`bvp: unknown command "${command}". Run "bvp --help" for the list.\n`);
  return 2;
}
