// startup: Node start-up cost; prints exactly one line "hello, world" and
// exits. No deviation.
'use strict';

process.stdout.write('hello, world\n');
