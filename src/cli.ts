/**
 * The `vorrang` command line. Each command lives in its domain folder and is loaded only when called, so
 * `vorrang triage` starts without the web server or a database driver.
 */
type Command = { summary: string; load: () => Promise<{ run: (args: string[]) => Promise<number> }> };

async function setup(kind: string): Promise<{ run: (args: string[]) => Promise<number> }> {
  const { runSetup } = await import('./tenants/setup.cli.js');
  return { run: (args) => runSetup(kind, args) };
}

const COMMANDS: Record<string, Command> = {
  serve: { summary: 'Start the HTTP server (migrates first)', load: () => import('./http/serve.cli.js') },
  rescore: {
    summary: 'Recompute the dispatch order of all open concerns',
    load: () => import('./worklist/rescore.cli.js'),
  },
  migrate: { summary: 'Apply database migrations and exit', load: () => import('./db/migrate.cli.js') },
  triage: {
    summary: 'Triage JSON lines from stdin (subcommands: eval, train, cv, export-overrides)',
    load: () => import('./triage/triage.cli.js'),
  },
  schedule: {
    summary: 'Order single-worker jobs by weighted tardiness',
    load: () => import('./backlog/schedule.cli.js'),
  },
  simulate: {
    summary: 'Simulate an outage and compare dispatch policies',
    load: () => import('./backlog/simulate.cli.js'),
  },
  import: {
    summary: 'Import a legacy backlog (CSV or JSON Lines)',
    load: () => import('./backlog/import.cli.js'),
  },
  tenant: {
    summary: 'Set up a Kasse (add, list)',
    load: async () => setup('tenant'),
  },
  team: { summary: 'Add a team with its skills to a Kasse (add)', load: async () => setup('team') },
  user: {
    summary: 'Add, disable or enable a staff account (add, disable, enable)',
    load: async () => setup('user'),
  },
  bench: { summary: 'Run the benchmarks', load: () => import('./bench.cli.js') },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `vorrang <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`vorrang: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  const mod = await command.load();
  return mod.run(rest);
}
