{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="{{LANG}}"><head><meta charset="utf-8"><title>{{ORGANISATION}}</title></head>
<body style="font-family: Arial, sans-serif; color: #1e1e1e;">
<p>{{T_mail_hello:none}}{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},</p>
{{#PASSWORD}}<p>{{T_in_mail_desk_password:none}}</p>
<p>{{T_in_mail_desk_once_a:none}} (<a href="{{INTERIOR_LOGIN_URL}}">{{INTERIOR_LOGIN_URL}}</a>){{T_in_mail_desk_once_b:none}}</p>{{/PASSWORD}}{{#KEY}}<p>{{T_in_mail_desk_key:none}}</p>{{/KEY}}
<p><strong>{{T_in_mail_desk_not_you_a:none}}</strong>{{T_in_mail_desk_not_you_b:none}}{{#HAS_ASSISTANCE}} ({{ASSISTANCE_CONTACT}}){{/HAS_ASSISTANCE}}{{T_in_mail_desk_or_president:none}}</p>
<p>{{T_mail_no_reply:none}}</p>
<p>{{ORGANISATION}}<br>{{POSTAL_ADDRESS}}</p>
</body></html>
