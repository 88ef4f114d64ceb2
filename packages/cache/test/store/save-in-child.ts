// Saves one path under one key in its own process, for the concurrent-writers test:
// tsx save-in-child.ts <store root> <home> <path> <key>; prints the SaveResult as JSON.
import { DirectoryStore } from '../../src/store/directory-store';

const [root, home, path, key] = process.argv.slice(2);
if (!root || !home || !path || !key) throw new Error('usage: save-in-child.ts <store root> <home> <path> <key>');
const result = await new DirectoryStore(root, home).save({ paths: [path], key });
process.stdout.write(JSON.stringify(result));
