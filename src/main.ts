import { ConfigError, loadConfig } from './config.js';
import { startServer } from './server.js';

/** `npm start`: serve until SIGINT/SIGTERM, then drain and exit. */
async function main(): Promise<void> {
  const config = loadConfig();
  const running = await startServer(config);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      running.logger.info({ signal }, 'signal received');
      running.stop().then(
        () => process.exit(0),
        (err) => {
          running.logger.error({ err }, 'error during shutdown');
          process.exit(1);
        },
      );
    });
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
