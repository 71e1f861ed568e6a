"""Feed documents served by the loopback server of the tests."""

# ruff: noqa: E501

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Actualit\xc3\xa9s du num\xc3\xa9rique</title><link>https://exemple.fr/</link>
<description>Flux de test</description>
<item><title>La fibre arrive \xc3\xa0 Dole</title><link>https://exemple.fr/fibre-dole</link>
<guid>https://exemple.fr/?p=1</guid><pubDate>Tue, 01 Dec 2026 08:00:00 GMT</pubDate>
<description>&lt;p&gt;Le d\xc3\xa9ploiement &lt;strong&gt;avance&lt;/strong&gt;.&lt;/p&gt;</description></item>
<item><title>Sans identifiant</title><link>HTTPS://Exemple.fr/sans-id/?utm_source=rss#haut</link>
<description>Un article sans guid.</description></item>
</channel></rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Observatoire national</title><id>urn:uuid:feed</id><updated>2026-12-02T10:00:00Z</updated>
<entry><title>Rapport sur l'inclusion</title><id>urn:uuid:1</id>
<link href="https://observatoire.example/inclusion"/><updated>2026-12-02T10:00:00Z</updated>
<summary type="html">&lt;p&gt;Un rapport.&lt;/p&gt;</summary></entry>
</feed>
"""

HOSTILE = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Hostile</title><link>https://hostile.example/</link>
<description>x</description>
<item><title>&lt;script&gt;alert(1)&lt;/script&gt;Titre</title><link>https://hostile.example/a</link>
<guid>h1</guid>
<description><![CDATA[<p onclick="x()" style="color:red">Texte<script>alert(2)</script>
<img src="https://tiers.example/pixel.gif" onerror="alert(3)"><iframe src="https://tiers.example/"></iframe>
<style>body{}</style><a href="javascript:alert(4)">lien</a> <a href="https://ok.example/">bon</a></p>]]></description></item>
<item><title>Lien javascript</title><link>javascript:alert(5)</link><guid>h2</guid><description>x</description></item>
</channel></rss>
"""

HTML = b"<!DOCTYPE html><html><head><title>Maintenance</title></head><body><p>Revenez plus tard</p></body></html>"

TRUNCATED = RSS[: len(RSS) // 2]
