process.stderr.write('usage: fauna-emulator [--host 127.0.0.1] [--port 8443] [--secret secret] [--latency-ms N] [--fault-rate P --fault-seed S]\n');
process.exitCode = 2;
