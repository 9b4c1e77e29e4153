// `npm start`: serves the built portal (run `npm run build` first).
import { serve } from './serve-built';

serve();
