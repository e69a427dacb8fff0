{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="{{LANG}}"><head><meta charset="utf-8"><title>{{ORGANISATION}}</title></head>
<body style="font-family: Arial, sans-serif; color: #1e1e1e;">
<p>{{T_mail_hello:none}}{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},</p>
<p>{{T_mail_changed:none}}</p>
<p>{{T_mail_changed_you:none}}</p>
<p>{{T_mail_changed_not_you:none}}{{#HAS_ASSISTANCE}} ({{ASSISTANCE_CONTACT}}){{/HAS_ASSISTANCE}} {{T_mail_changed_new:none}} <a href="{{LOGIN_URL}}">{{LOGIN_URL}}</a>.</p>
<p>{{T_mail_no_reply:none}}</p>
<p>{{T_mail_regards:none}}<br>{{ORGANISATION}}<br>{{POSTAL_ADDRESS}}</p>
</body></html>
