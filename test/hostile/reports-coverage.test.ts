import { hostileReports } from './report-families';

hostileReports('coverage');
