process.stderr.write('usage: source-fauna spec | check --config F | discover --config F | read --config F --catalog F [--state F]\n');
process.exitCode = 2;
