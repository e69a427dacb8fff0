{{T_mail_hello:none}}{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

{{T_cm_mail_asked:none}}

{{T_cm_mail_no_phone:none}}

{{T_cm_mail_no_phone_contact:none}}{{#HAS_ASSISTANCE}}{{T_colon:none}} {{ASSISTANCE_CONTACT}}{{/HAS_ASSISTANCE}}.

{{T_cm_mail_not_you:none}}

{{T_mail_no_reply:none}}

{{T_mail_regards:none}}

{{ORGANISATION}}
{{POSTAL_ADDRESS}}
