// A process that logs LINES lines through the app's logger while its standard output is not
// being read, then ends the log and exits the way `weiyi serve` does after a graceful stop.
import { createLogger, endLog } from '../../src/platform/log.ts';

const lines = Number(process.argv[2] ?? 20_000);
const log = createLogger('info');
for (let i = 0; i < lines; i++) log.info({ i }, 'line');
// By now the pipe is full and the logger is waiting to retry a write.
await new Promise((resolve) => setTimeout(resolve, 300));
await endLog(log);
process.exit(0);
