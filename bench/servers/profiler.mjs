/* global process, console */
// Preloaded into a bench server (`node --import ./bench/servers/profiler.mjs`): SIGUSR2 starts V8's CPU profiler,
// SIGTERM stops it, writes the profile to CPU_PROFILE_FILE and exits. Only the load window is sampled, not start-up.
import fs from 'node:fs';
import inspector from 'node:inspector';

const session = new inspector.Session();
session.connect();
const post = (method, params) =>
  new Promise((resolve, reject) =>
    session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))),
  );

let started = false;
process.on('SIGUSR2', async () => {
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: Number(process.env.CPU_PROFILE_INTERVAL_US ?? 250) });
  await post('Profiler.start');
  started = true;
  console.log('profiling');
});
process.once('SIGTERM', async () => {
  if (started) {
    const { profile } = await post('Profiler.stop');
    fs.writeFileSync(process.env.CPU_PROFILE_FILE, JSON.stringify(profile));
  }
  process.exit(0);
});
