{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="{{LANG}}"><head><meta charset="utf-8"><title>{{ORGANISATION}}</title></head>
<body style="font-family: Arial, sans-serif; color: #1e1e1e;">
<p>{{T_mail_hello:none}}{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},</p>
<p>{{T_co_mail_identifier_asked:none}}</p>
<p>{{T_co_mail_identifier_is:none}} <strong>{{IDENTIFIER}}</strong></p>
<p>{{T_co_mail_identifier_keep:none}}</p>
<p>{{T_co_not_both:none}}</p>
<p>{{T_co_mail_not_you:none}}{{#HAS_ASSISTANCE}}{{T_colon:none}} <strong>{{ASSISTANCE_CONTACT}}</strong>{{/HAS_ASSISTANCE}}.</p>
<p>{{T_mail_no_reply:none}}</p>
<p>{{ORGANISATION}}</p>
</body></html>
