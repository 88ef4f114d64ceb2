import { hostileReports } from './report-families';

hostileReports('security');
