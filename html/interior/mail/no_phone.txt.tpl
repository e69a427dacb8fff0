{{T_mail_hello:none}}{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

{{T_in_mail_asked:none}} {{T_in_mail_no_phone:none}}

{{T_in_mail_no_phone_go:none}}

{{T_in_mail_no_phone_not_you:none}}

{{T_mail_no_reply:none}}

{{ORGANISATION}}
