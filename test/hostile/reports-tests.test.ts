import { hostileReports } from './report-families';

hostileReports('tests');
