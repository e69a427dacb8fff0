{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="{{LANG}}"><head><meta charset="utf-8"><title>{{ORGANISATION}}</title></head>
<body style="font-family: Arial, sans-serif; color: #1e1e1e;">
<p>{{T_mail_hello:none}}{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},</p>
<p>{{T_ed_mail_asked:none}}</p>
<p>{{T_ed_mail_open:none}}</p>
<p><a href="{{LINK}}">{{T_ed_mail_button:none}}</a></p>
<p>{{T_ed_mail_ttl:none}}</p>
<p>{{T_ed_mail_not_you:none}}</p>
<p>{{T_mail_no_reply:none}}</p>
<p>{{ORGANISATION}}</p>
</body></html>
