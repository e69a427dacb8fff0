{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<p class="lead">{{T_ed_link_lead:none}}</p>
<form method="post" action="{{ACTION}}">
<input type="hidden" name="csrf" value="{{CSRF}}">
<p><button type="submit">{{T_ed_continue:none}}</button></p>
</form>
