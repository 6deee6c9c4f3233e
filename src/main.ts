// `npm start`: the CLI's `serve` command (migrate, seed the demo corpus on an empty database, serve).
import './cli/index.js';
