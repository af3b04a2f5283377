-- A privacy link is shown to visitors: settings saved before http(s) was required may hold a
-- javascript: or data: URL. Such a link is dropped, so the rest of the site's settings still
-- parse (a settings object that fails to parse falls back to the defaults as a whole).
UPDATE `sites`
   SET `settings` = json_set(`settings`, '$.texts.privacyUrl', NULL)
 WHERE json_type(`settings`, '$.texts.privacyUrl') = 'text'
   AND lower(json_extract(`settings`, '$.texts.privacyUrl')) NOT LIKE 'http://%'
   AND lower(json_extract(`settings`, '$.texts.privacyUrl')) NOT LIKE 'https://%';
