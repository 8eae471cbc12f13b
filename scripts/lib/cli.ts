/** Runs a script's `main` when the file is executed (not imported by a test): exit code, or 1 with the error's message. */
export function runIfMain(importMetaUrl: string, main: () => Promise<number>): void {
  if (importMetaUrl !== `file://${process.argv[1]}`) return;
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
