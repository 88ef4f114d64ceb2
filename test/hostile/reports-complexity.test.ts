import { hostileReports } from './report-families';

hostileReports('complexity');
