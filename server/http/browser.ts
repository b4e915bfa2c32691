// Opens the UI in a browser, best effort, as Go's cmd/internal/browser does: $BROWSER
// first, then the platform's opener. Runs in the background; never blocks start-up and
// never fails it (a missing opener, a headless machine: nothing happens).

function commands(url: string): string[][] {
  const cmds: string[][] = [];
  const env = Deno.env.get("BROWSER");
  if (env) cmds.push([env, url]);
  switch (Deno.build.os) {
    case "darwin":
      cmds.push(["/usr/bin/open", url]);
      break;
    case "windows":
      cmds.push(["cmd", "/c", "start", url.replaceAll("&", "^&")]);
      break;
    default:
      if (Deno.env.get("DISPLAY") || Deno.env.get("WAYLAND_DISPLAY")) cmds.push(["xdg-open", url]);
  }
  return cmds;
}

/** Whether this machine has a way to open a browser at all ($BROWSER, a display, macOS). */
export function canOpenBrowser(): boolean {
  return commands("http://localhost/").length > 0;
}

/** Tries each opener in turn until one exits successfully; resolves either way. */
export async function openBrowser(url: string): Promise<boolean> {
  for (const [cmd, ...args] of commands(url)) {
    try {
      const child = new Deno.Command(cmd, { args, stdin: "null", stdout: "null", stderr: "null" })
        .spawn();
      // Go waits up to 3 s for the opener; a slow one is left running.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<null>((r) => timer = setTimeout(() => r(null), 3000));
      const status = await Promise.race([child.status, timeout]);
      clearTimeout(timer);
      if (status === null) {
        child.unref();
        return true;
      }
      if (status.success) return true;
    } catch {
      // Not installed or not runnable: try the next one.
    }
  }
  return false;
}
