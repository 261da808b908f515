"""Crawling news sites with Scrapy: site configs, the spider, the WARC archive and the re-crawl state."""
