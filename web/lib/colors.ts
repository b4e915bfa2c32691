// Colours of the goroutine-breakdown columns, as cmd/trace's stat2Color.

export function statColor(stat: string): string {
  switch (stat) {
    case "Sched wait time":
      return "#2c7bb6";
    case "Syscall execution time":
      return "#7b3294";
    case "Execution time":
      return "#d7191c";
  }
  return stat.startsWith("Block time") ? "#d01c8b" : "#636363";
}
