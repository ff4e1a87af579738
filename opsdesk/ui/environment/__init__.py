"""环境监控: gauges for every room temperature and humidity point, and their trends (R-ENV-1, R-ENV-2)."""
