// Builds and runs the small Go programs under tests/go/ that tests use as references.
// Go is a test oracle only: nothing in the product runs it.

import { REPO_ROOT } from "./paths.ts";

export interface RunResult {
  code: number;
  stdout: Uint8Array;
  stderr: string;
}

/** A Go command built once into a temp dir; dispose() removes it. */
export class GoCommand implements AsyncDisposable {
  private constructor(private readonly dir: string, readonly path: string) {}

  /** Builds tests/go/<name> (its own module) with `go build`. */
  static async build(name: string): Promise<GoCommand> {
    const dir = await Deno.makeTempDir({ prefix: `traceglass-${name}-` });
    const path = `${dir}/${name}`;
    const result = await new Deno.Command("go", {
      args: ["build", "-o", path, "."],
      cwd: new URL(`tests/go/${name}/`, REPO_ROOT),
      // No VCS stamping: the checkout may have no commits, and stamping is irrelevant.
      env: { GOFLAGS: "-buildvcs=false" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!result.success) {
      await Deno.remove(dir, { recursive: true });
      throw new Error(`go build ${name} failed:\n${new TextDecoder().decode(result.stderr)}`);
    }
    return new GoCommand(dir, path);
  }

  /** Runs the command with `stdin` as input. */
  async run(args: string[], stdin: Uint8Array): Promise<RunResult> {
    const child = new Deno.Command(this.path, {
      args,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    // Drain the outputs while feeding stdin, or a chatty child could block us both.
    const stdout = new Response(child.stdout).bytes();
    const stderr = new Response(child.stderr).text();
    const writer = child.stdin.getWriter();
    try {
      await writer.write(stdin);
      await writer.close();
    } catch (e) {
      // A child that fails early stops reading; its exit status tells the story.
      if (!(e instanceof Deno.errors.BrokenPipe)) throw e;
    }
    const [status, out, err] = await Promise.all([child.status, stdout, stderr]);
    return { code: status.code, stdout: out, stderr: err };
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await Deno.remove(this.dir, { recursive: true });
  }
}
