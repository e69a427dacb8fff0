{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="{{LANG}}"><head><meta charset="utf-8"><title>{{ORGANISATION}}</title></head>
<body style="font-family: Arial, sans-serif; color: #1e1e1e;">
<p>{{T_mail_hello:none}}{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},</p>
<p>{{T_cm_mail_refused:none}}</p>
<p>{{T_cm_mail_refused_why:none}}</p>
<p>{{T_mail_not_you_contact:none}}{{#HAS_ASSISTANCE}}{{T_colon:none}} <strong>{{ASSISTANCE_CONTACT}}</strong>{{/HAS_ASSISTANCE}}.</p>
<p>{{T_mail_no_reply:none}}</p>
<p>{{T_mail_regards:none}}<br>{{ORGANISATION}}<br>{{POSTAL_ADDRESS}}</p>
</body></html>
