{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="{{LANG}}"><head><meta charset="utf-8"><title>{{ORGANISATION}}</title></head>
<body style="font-family: Arial, sans-serif; color: #1e1e1e;">
<p>{{T_mail_hello:none}}{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},</p>
<p>{{T_in_mail_asked:none}} {{T_in_mail_no_phone:none}}</p>
<p>{{T_in_mail_no_phone_go:none}}</p>
<p>{{T_in_mail_no_phone_not_you:none}}</p>
<p>{{T_mail_no_reply:none}}</p>
<p>{{ORGANISATION}}</p>
</body></html>
