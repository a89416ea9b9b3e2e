/** create_example_job.sh's default job name, `secretflow-task-$(date +%Y%m%d%H%M%S)` (local time), in both generations. */
export function defaultJobName(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `secretflow-task-${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}
