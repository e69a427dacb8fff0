{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="{{LANG}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}} – {{ORGANISATION}}</title>
<link rel="stylesheet" href="{{STATIC}}sesame.css">
</head>
<body>
<a class="skip" href="#contenu">{{T_layout_skip:none}}</a>
<header class="banner">
<div class="wrap"><a class="brand" href="{{BASE}}login">{{ORGANISATION}}</a>{{#LANG_LINK}} <a class="lang" href="{{URL}}" lang="{{CODE}}" hreflang="{{CODE}}">{{NAME}}</a>{{/LANG_LINK}}</div>
</header>
<main id="contenu" class="wrap" tabindex="-1">
{{>BODY}}
</main>
<footer class="wrap footer">
{{#HAS_ASSISTANCE}}<p class="help">{{T_layout_help:none}} {{ASSISTANCE_CONTACT}}{{#ASSISTANCE_LINK}} <a href="{{URL}}">{{URL}}</a>{{/ASSISTANCE_LINK}}</p>{{/HAS_ASSISTANCE}}
<p>{{ORGANISATION}}</p>
</footer>
</body>
</html>
