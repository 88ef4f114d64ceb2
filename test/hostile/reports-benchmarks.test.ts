import { hostileReports } from './report-families';

hostileReports('benchmarks');
