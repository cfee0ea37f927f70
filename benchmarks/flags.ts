/** The `--name=value` flags of the bench's stand-alone scripts. */

/** The value of `--name=value` on this process's command line, or undefined when it is absent. */
export function flag(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}
