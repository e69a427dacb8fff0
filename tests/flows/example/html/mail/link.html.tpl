{{%AUTOESCAPE context="HTML"}}<p>Bonjour {{DISPLAY_NAME}},</p>
<p>Ouvrez ce lien pour débloquer votre compte : <a href="{{LINK}}">{{LINK}}</a></p>
<p>{{ORGANISATION}}</p>
