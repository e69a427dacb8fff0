{{%AUTOESCAPE context="HTML"}}<p>Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},</p>
<p>Ouvrez ce lien pour débloquer votre compte : <a href="{{LINK}}">{{LINK}}</a></p>
<p>{{ORGANISATION}}</p>
