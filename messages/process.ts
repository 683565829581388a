/**
 * The lines an operator reads when the process will not start: one line each, naming what is in the
 * way, so that a process manager's log says why at a glance.
 */

/** Another live Jiati process holds the data folder (its lock file names that process's pid). */
export function dataDirInUse(dir: string, pid: number): string {
  return `数据目录 ${dir} 已被另一个 Jiati 进程（pid ${pid}）使用，本进程不启动。`;
}

/** The HTTP port is taken (or not this user's to take); it is bound before anything else starts. */
export function httpPortTaken(host: string, port: number): string {
  return `HTTP 端口 ${host}:${port} 已被占用，本进程不启动。`;
}
